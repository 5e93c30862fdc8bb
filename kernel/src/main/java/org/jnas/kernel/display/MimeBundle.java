package org.jnas.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value rendered for Jupyter: MIME type to data ({@code text/plain} always present), metadata,
 * and an optional display id that makes the output updatable in place.
 *
 * @param data MIME type to payload (strings; base64 for binary types)
 * @param metadata per-type metadata, may be empty
 * @param displayId id for update_display_data, or {@code null}
 */
public record MimeBundle(Map<String, String> data, Map<String, Object> metadata, String displayId) {

    /** Copies the maps and checks that {@code text/plain} is present. */
    public MimeBundle {
        data = Map.copyOf(data);
        metadata = Map.copyOf(metadata);
        if (!data.containsKey("text/plain")) {
            throw new IllegalArgumentException("a MIME bundle needs text/plain, got " + data.keySet());
        }
    }

    /** A bundle with only plain text. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of("text/plain", text), Map.of(), null);
    }

    /** A bundle with one rich type and its plain-text fallback. */
    public static MimeBundle of(String mime, String payload, String plainText) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("text/plain", plainText);
        d.put(mime, payload);
        return new MimeBundle(d, Map.of(), null);
    }

    /** This bundle with {@code mime} added or replaced. */
    public MimeBundle with(String mime, String payload) {
        Map<String, String> d = new LinkedHashMap<>(data);
        d.put(mime, payload);
        return new MimeBundle(d, metadata, displayId);
    }

    /** This bundle, updatable later through {@code displayId}. */
    public MimeBundle withDisplayId(String id) {
        return new MimeBundle(data, metadata, id);
    }
}
