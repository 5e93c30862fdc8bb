"""The standard jupyter_kernel_test checks, with Java snippets for every attribute the suite knows."""
import unittest

import jupyter_kernel_test as jkt


class JnasKernelTests(jkt.KernelTests):
    kernel_name = "jnas"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    completion_samples = [{"text": "Math.ab", "matches": {"abs(", "absExact("}}]
    complete_code_samples = ["1 + 1", "int x = 1;", "void f() {}", "%time 1 + 1"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int f() {", "String s = \"a\" +"]
    invalid_code_samples = ["int x = 1 +* ;", "int 1x = 5;"]
    code_page_something = "%doc Math.abs"
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "\"ab\" + \"cd\"", "result": "abcd"},
        {"code": "html(\"<b>x</b>\")", "mime": "text/html", "result": "<b>x</b>"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("# title"));', "mime": "text/markdown"},
        {"code": 'display(latex("$$x^2$$"));', "mime": "text/latex"},
        {"code": "display(svg(\"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>\"));",
         "mime": "image/svg+xml"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
        {"code": 'display(tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("a", 1, 2)));',
         "mime": "text/html"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.abs"
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
