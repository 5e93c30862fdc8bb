package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel.
 *
 * @param transport {@code tcp} or {@code ipc}
 * @param ip the address to bind
 * @param shellPort shell port
 * @param controlPort control port
 * @param stdinPort stdin port
 * @param iopubPort IOPub port
 * @param hbPort heartbeat port
 * @param signatureScheme for example {@code hmac-sha256}
 * @param key the HMAC key, empty for none
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int stdinPort,
        int iopubPort, int hbPort, String signatureScheme, String key) {

    /** Reads a connection file, naming the file and the missing field on error. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException("connection file " + file + " is not a JSON object: " + e.getMessage(), e);
        }
        return new ConnectionInfo(Json.string(o, "transport", "tcp"), Json.string(o, "ip", "127.0.0.1"),
                port(o, "shell_port", file), port(o, "control_port", file), port(o, "stdin_port", file),
                port(o, "iopub_port", file), port(o, "hb_port", file),
                Json.string(o, "signature_scheme", "hmac-sha256"), Json.string(o, "key", ""));
    }

    private static int port(JsonObject o, String name, Path file) throws IOException {
        int p = Json.integer(o, name, -1);
        if (p < 0) {
            throw new IOException("connection file " + file + " lacks " + name);
        }
        return p;
    }

    /** The ZeroMQ endpoint of a port, e.g. {@code tcp://127.0.0.1:5555}. */
    public String endpoint(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
