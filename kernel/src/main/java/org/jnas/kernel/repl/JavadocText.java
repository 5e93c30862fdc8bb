package org.jnas.kernel.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A javadoc comment as a notebook's inspector shows it: plain text, its inline tags read
 * ({@code {@code x}} as x, {@code {@link A#b}} as A.b), its HTML dropped but for paragraphs, list
 * items and preformatted blocks, and its block tags under headings (Parameters, Returns, Throws), as
 * the jshell tool's {@code /doc} lays them out. JShell hands the comment over raw.
 */
final class JavadocText {
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)\\s*");
    private static final Pattern HTML_TAG = Pattern.compile("<(/?)(\\w+)[^>]*>");
    private static final Map<String, String> HEADINGS = Map.of("param", "Parameters:", "return", "Returns:",
            "throws", "Throws:", "exception", "Throws:", "see", "See also:", "since", "Since:");

    private JavadocText() {}

    static String plain(String javadoc) {
        Matcher tag = BLOCK_TAG.matcher(javadoc);
        int end = tag.find() ? tag.start() : javadoc.length();
        StringBuilder out = new StringBuilder(text(javadoc.substring(0, end)));
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        while (end < javadoc.length()) {
            String name = tag.group(1);
            int from = tag.end();
            end = tag.find() ? tag.start() : javadoc.length();
            String raw = javadoc.substring(from, end);
            String body;
            if (name.equals("param") || name.equals("throws") || name.equals("exception")) {
                // the parameter (<T> for a type parameter, not markup) or exception, then what it is
                int space = firstSpace(raw.strip());
                body = space < 0 ? raw.strip() : raw.strip().substring(0, space) + " - " + text(raw.strip().substring(space));
            } else {
                body = text(raw);
            }
            body = body.replace("\n", " ");
            blocks.computeIfAbsent(HEADINGS.getOrDefault(name, "@" + name + ":"), k -> new ArrayList<>()).add(body);
        }
        blocks.forEach((heading, bodies) -> {
            out.append("\n\n").append(heading);
            bodies.forEach(b -> out.append("\n  ").append(b));
        });
        return out.toString().strip();
    }

    /** Inline tags read, HTML turned into line breaks where it breaks lines, entities decoded. */
    private static String text(String html) {
        String inline = inlineTags(html);
        StringBuilder out = new StringBuilder();
        boolean pre = false;
        int at = 0;
        Matcher m = HTML_TAG.matcher(inline);
        while (m.find()) {
            append(out, inline.substring(at, m.start()), pre);
            String name = m.group(2).toLowerCase();
            boolean closing = !m.group(1).isEmpty();
            boolean atBullet = out.toString().stripTrailing().endsWith("\n-") || out.toString().strip().equals("-");
            switch (name) {
                case "p", "ul", "ol", "dl", "table", "pre" -> {
                    if (!atBullet) { // <li><p>: the paragraph is the item's
                        lineBreak(out, closing ? "\n" : "\n\n");
                    }
                }
                case "br", "tr" -> lineBreak(out, "\n");
                case "li", "dt" -> lineBreak(out, closing ? "\n" : "\n- ");
                default -> { } // inline markup (a, b, i, em, code, ...) keeps its text only
            }
            if (name.equals("pre")) {
                pre = !closing;
            }
            at = m.end();
        }
        append(out, inline.substring(at), pre);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@").replace("&nbsp;", " ")
                .replace("&quot;", "\"").replace("&amp;", "&").replaceAll("\n{3,}", "\n\n").strip();
    }

    /** Ends the text so far with {@code separator} in place of the whitespace it ends with. */
    private static void lineBreak(StringBuilder out, String separator) {
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        out.setLength(end);
        out.append(separator);
    }

    /**
     * Appends {@code text}: outside a preformatted block its lines lose their indent (the
     * comment's, not the text's), and so does a line's start after a break or a bullet.
     */
    private static void append(StringBuilder out, String text, boolean pre) {
        if (pre) {
            out.append(text);
            return;
        }
        String unindented = text.replaceAll("\n[ \\t]+", "\n");
        boolean lineStart = out.length() == 0 || out.charAt(out.length() - 1) == '\n' || out.toString().endsWith("\n- ");
        out.append(lineStart ? unindented.stripLeading() : unindented);
    }

    /** {@code {@code x}}, {@code {@literal x}}: x; {@code {@link A#b(int) label}}: label, or A.b(int). */
    private static String inlineTags(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("{@", i);
            if (open < 0) {
                break;
            }
            int close = matchingBrace(s, open);
            if (close < 0) {
                break;
            }
            out.append(s, i, open);
            String tag = s.substring(open + 2, close);
            int space = firstSpace(tag);
            String name = space < 0 ? tag : tag.substring(0, space);
            String body = space < 0 ? "" : tag.substring(space + 1); // a code block keeps its indents
            out.append(switch (name) {
                case "code", "literal" -> body.replace("<", "&lt;").replace(">", "&gt;"); // text, not markup
                case "link", "linkplain" -> link(body.strip());
                case "value" -> body.isEmpty() ? "" : reference(body);
                default -> body;
            });
            i = close + 1;
        }
        return out.append(s.substring(i)).toString();
    }

    private static String link(String body) {
        int space = firstSpace(body);
        if (space < 0) {
            return reference(body);
        }
        // a space inside a signature's parentheses is not the one before the label
        int paren = body.indexOf('(');
        if (paren >= 0 && paren < space) {
            int closeParen = body.indexOf(')', paren);
            space = closeParen < 0 ? -1 : firstSpace(body.substring(closeParen)) + closeParen;
            if (space < closeParen) {
                return reference(body);
            }
        }
        return body.substring(space + 1).strip();
    }

    /** {@code A#b} as A.b, {@code #b} as b. */
    private static String reference(String ref) {
        String r = ref.strip();
        return r.startsWith("#") ? r.substring(1) : r.replace('#', '.');
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
