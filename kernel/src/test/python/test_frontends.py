"""Frontends beyond the raw client: nbclient (what `jupyter nbconvert --execute` runs) and %maven."""
import unittest

import nbformat
from nbclient import NotebookClient

import kernel_harness as h


class NotebookTests(unittest.TestCase):
    def test_notebook_executes_headless(self):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell("int n = 3;\nSystem.out.println(\"n = \" + n);"),
            nbformat.v4.new_code_cell("tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"a\", 1, 2))"),
            nbformat.v4.new_code_cell("n * 14"),
        ]
        NotebookClient(nb, kernel_name="jnas", timeout=120, startup_timeout=120).execute()
        self.assertEqual(nb.cells[0].outputs[0]["text"], "n = 3\n")
        self.assertIn("text/html", nb.cells[1].outputs[0]["data"])
        self.assertEqual(nb.cells[2].outputs[0]["data"]["text/plain"], "42")


class MavenMagicTests(unittest.TestCase):
    def test_maven_resolves_from_local_repository(self):
        km, kc = h.start("jnas")
        try:
            # commons-csv is in the local repository (Tablesaw needs it) but not a direct kernel dependency.
            reply, msgs = h.run(kc, "%maven org.apache.commons:commons-csv:1.14.1\n"
                                    "org.apache.commons.csv.CSVFormat.DEFAULT.getDelimiterString()")
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            self.assertIn("Added", h.text_of(msgs))
            reply, _ = h.run(kc, "%maven no.such.group:nothing:0.0.1")
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn("no.such.group:nothing:0.0.1", reply["content"]["evalue"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
