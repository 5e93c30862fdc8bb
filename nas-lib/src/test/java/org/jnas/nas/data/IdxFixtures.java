package org.jnas.nas.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: image i has every pixel (i * 7 + position) mod 256, label i mod 10. */
final class IdxFixtures {

    private IdxFixtures() {
    }

    static byte[] images(int count, int rows, int cols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(Idx.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    out.writeByte(pixel(i, p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(Idx.LABELS_MAGIC);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static int pixel(int image, int position) {
        return (image * 7 + position) % 256;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Writes the four gzip-compressed files of a tiny MNIST-like data set (train 12, test 5, 4 x 3 pixels). */
    static void writeDataset(Path dir) throws IOException {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(12, 4, 3)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(12)));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(5, 4, 3)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(5)));
    }
}
