package org.jnas.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code kernel_info_reply}.
 *
 * @param implementation the kernel's name
 * @param implementationVersion the kernel's version
 * @param languageInfo the language the kernel runs
 * @param banner shown by console frontends
 */
public record KernelInfoReply(String implementation, String implementationVersion, LanguageInfo languageInfo,
        String banner) implements Content {

    /**
     * {@code language_info}.
     *
     * @param name the language
     * @param version its version
     * @param mimetype of a script
     * @param fileExtension of a script, with the dot
     * @param pygmentsLexer for highlighting in nbconvert
     * @param codemirrorMode for highlighting in the notebook
     */
    public record LanguageInfo(String name, String version, String mimetype, String fileExtension,
            String pygmentsLexer, String codemirrorMode) {
        JsonObject toJson() {
            return Json.obj().put("name", name).put("version", version).put("mimetype", mimetype)
                    .put("file_extension", fileExtension).put("pygments_lexer", pygmentsLexer)
                    .put("codemirror_mode", codemirrorMode).build();
        }
    }

    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").put("protocol_version", Header.PROTOCOL_VERSION)
                .put("implementation", implementation).put("implementation_version", implementationVersion)
                .put("language_info", languageInfo.toJson()).put("banner", banner)
                .put("help_links", new JsonArray()).put("debugger", false).build();
    }
}
