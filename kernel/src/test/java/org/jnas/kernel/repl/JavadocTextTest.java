package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavadocTextTest {

    @Test
    void inlineTagsReadAsTheirText() {
        assertEquals("Like define(String, SpaceFunction), up to\ncountLimit samples (default SpaceExplorer.DEFAULT_COUNT_LIMIT).",
                JavadocText.plain("Like {@link #define(String, SpaceFunction)}, up to\n {@code countLimit} samples"
                        + " (default {@value SpaceExplorer#DEFAULT_COUNT_LIMIT})."));
        assertEquals("the builder, a List<Map<String, Object>> of {braces}",
                JavadocText.plain("the {@linkplain Builder builder}, a {@code List<Map<String, Object>>} of {@code {braces}}"));
    }

    @Test
    void htmlKeepsParagraphsListsAndPreformattedBlocks() {
        String doc = "First line.\n <p> Second paragraph:\n <ul>\n <li>one &amp; <b>two</b>\n <li><p>\n three\n </ul>\n"
                + " <pre>{@code\n exp.start();\n     indented();\n }</pre>";
        assertEquals("First line.\n\nSecond paragraph:\n- one & two\n- three\n\n exp.start();\n     indented();",
                JavadocText.plain(doc));
    }

    @Test
    void blockTagsGoUnderHeadings() {
        String doc = "The k best, see <a href=\"#x\">the guide</a> for more.\n @param <T> the export's type\n @param k how many\n @param format DICT or CODE\n @return the models\n"
                + " @throws IllegalStateException when no trial succeeded";
        assertEquals("The k best, see the guide for more.\n\nParameters:\n  <T> - the export's type\n  k - how many\n  format - DICT or CODE\n\nReturns:\n  the models"
                + "\n\nThrows:\n  IllegalStateException - when no trial succeeded", JavadocText.plain(doc));
    }
}
