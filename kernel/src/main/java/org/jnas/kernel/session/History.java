package org.jnas.kernel.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The cells run in this kernel, for history_request (tail, range and glob search). */
final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    synchronized JsonArray tail(int n, boolean withOutput) {
        return toJson(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()), withOutput);
    }

    /** Lines {@code [start, stop)} of session {@code session}; {@code stop <= 0} means to the end. */
    synchronized JsonArray range(int session, int start, int stop, boolean withOutput) {
        List<Entry> out = new ArrayList<>();
        if (session == SESSION || session == 0) {
            for (Entry e : entries) {
                if (e.line() >= start && (stop <= 0 || e.line() < stop)) {
                    out.add(e);
                }
            }
        }
        return toJson(out, withOutput);
    }

    /** Cells whose input matches a glob ({@code *}, {@code ?}); the last {@code n}, optionally unique. */
    synchronized JsonArray search(String glob, int n, boolean unique, boolean withOutput) {
        Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        Map<String, Entry> unq = new LinkedHashMap<>();
        List<Entry> all = new ArrayList<>();
        for (Entry e : entries) {
            if (p.matcher(e.input()).matches()) {
                if (unique) {
                    unq.remove(e.input());
                    unq.put(e.input(), e);
                } else {
                    all.add(e);
                }
            }
        }
        List<Entry> found = unique ? new ArrayList<>(unq.values()) : all;
        if (n > 0 && found.size() > n) {
            found = found.subList(found.size() - n, found.size());
        }
        return toJson(found, withOutput);
    }

    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private static JsonArray toJson(List<Entry> list, boolean withOutput) {
        JsonArray a = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (withOutput) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                JsonElement out = e.output() == null ? JsonNull.INSTANCE : new JsonPrimitive(e.output());
                io.add(out);
                row.add(io);
            } else {
                row.add(e.input());
            }
            a.add(row);
        }
        return a;
    }
}
