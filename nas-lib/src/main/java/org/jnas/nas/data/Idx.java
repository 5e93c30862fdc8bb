package org.jnas.nas.data;

import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or raw (told apart by their
 * first bytes, not their names). Every check names the file: the magic number, the dimensions,
 * a file shorter or longer than its header says, and image and label counts that differ.
 */
final class Idx {

    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;

    private Idx() {
    }

    /**
     * Reads an image file and its label file into examples of shape {@code (1, rows, cols)},
     * pixels normalised with {@code normalization}.
     *
     * @throws IOException if a file cannot be read, is not a valid IDX file of its kind, or the
     *     two files hold different numbers of examples
     */
    public static ArrayData read(Path imagesFile, Path labelsFile, Normalization normalization) throws IOException {
        Objects.requireNonNull(normalization, "normalization");
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new IOException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels; they must be a matching pair");
        }
        float[] floatLabels = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            floatLabels[i] = labels[i];
        }
        return ArrayData.owning(images.toFloats(normalization), new Shape(1, images.rows(), images.cols()), floatLabels);
    }

    /** Reads an IDX image file (magic number {@code 0x00000803}). */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, IMAGES_MAGIC, "image");
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new IOException(file + " declares impossible dimensions " + count + " x " + rows + " x " + cols);
            }
            long total = (long) count * rows * cols;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(file + " declares " + count + " x " + rows + " x " + cols
                        + " pixels, more than one Java array can hold");
            }
            byte[] pixels = readBody(in, file, (int) total, count + " images of " + rows + " x " + cols);
            return new Images(count, rows, cols, pixels);
        }
    }

    /** Reads an IDX label file (magic number {@code 0x00000801}); labels are 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, LABELS_MAGIC, "label");
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new IOException(file + " declares a negative label count " + count);
            }
            byte[] bytes = readBody(in, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
            }
            return labels;
        }
    }

    /** The images of one IDX file: {@code count} images of {@code rows x cols} unsigned bytes. */
    public static final class Images {
        private final int count;
        private final int rows;
        private final int cols;
        private final byte[] pixels;

        Images(int count, int rows, int cols, byte[] pixels) {
            this.count = count;
            this.rows = rows;
            this.cols = cols;
            this.pixels = pixels;
        }

        /** The number of images. */
        public int count() {
            return count;
        }

        /** The height of each image in pixels. */
        public int rows() {
            return rows;
        }

        /** The width of each image in pixels. */
        public int cols() {
            return cols;
        }

        /** The raw value (0..255) of one pixel. */
        public int pixel(int image, int row, int col) {
            Objects.checkIndex(image, count);
            Objects.checkIndex(row, rows);
            Objects.checkIndex(col, cols);
            return Byte.toUnsignedInt(pixels[(image * rows + row) * cols + col]);
        }

        /** All pixels, image after image and row after row, normalised. */
        public float[] toFloats(Normalization normalization) {
            float[] table = new float[256];
            for (int v = 0; v < 256; v++) {
                table[v] = normalization.apply(v);
            }
            float[] floats = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                floats[i] = table[Byte.toUnsignedInt(pixels[i])];
            }
            return floats;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            boolean gzip = ((first << 8) | second) == GZIP_MAGIC;
            return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
        } catch (IOException e) {
            raw.close();
            throw new IOException(file + " is not a readable gzip file: " + e.getMessage(), e);
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + " is too short to hold an IDX header", e);
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) throws IOException {
        if (magic == expected) {
            return;
        }
        String hint = magic == IMAGES_MAGIC ? " (that of an image file)"
                : magic == LABELS_MAGIC ? " (that of a label file)" : "";
        throw new IOException(String.format("%s is not an IDX %s file: magic number 0x%08x%s, expected 0x%08x",
                file, kind, magic, hint, expected));
    }

    private static byte[] readBody(DataInputStream in, Path file, int length, String what) throws IOException {
        byte[] body;
        try {
            body = in.readNBytes(length);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated: its compressed data ends early (" + what + " declared)", e);
        }
        if (body.length < length) {
            throw new IOException(file + " is truncated: its header declares " + what + " (" + length
                    + " bytes) but only " + body.length + " bytes follow");
        }
        if (in.read() != -1) {
            throw new IOException(file + " has more data than its header declares (" + what + ")");
        }
        return body;
    }
}
