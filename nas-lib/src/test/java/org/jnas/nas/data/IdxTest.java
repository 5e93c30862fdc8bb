package org.jnas.nas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Test
    void readsGzipAndRawFilesAlike() throws IOException {
        Path raw = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(6, 4, 3));
        Path gz = IdxFixtures.write(dir.resolve("images.gz"), IdxFixtures.gzip(IdxFixtures.images(6, 4, 3)));
        Idx.Images fromRaw = Idx.readImages(raw);
        Idx.Images fromGz = Idx.readImages(gz);
        assertEquals(6, fromGz.count());
        assertEquals(4, fromGz.rows());
        assertEquals(3, fromGz.cols());
        assertEquals(IdxFixtures.pixel(5, 2 * 3 + 1), fromGz.pixel(5, 2, 1));
        assertArrayEquals(fromRaw.toFloats(Normalization.NONE), fromGz.toFloats(Normalization.NONE));
    }

    @Test
    void readsImagesWithLabelsIntoExamplesOfOneChannel() throws IOException {
        Path images = IdxFixtures.write(dir.resolve("i.gz"), IdxFixtures.gzip(IdxFixtures.images(12, 4, 3)));
        Path labels = IdxFixtures.write(dir.resolve("l"), IdxFixtures.labels(12));
        ArrayData data = Idx.read(images, labels, Normalization.NONE);
        assertEquals(12, data.size());
        assertEquals(new Shape(1, 4, 3), data.exampleShape());
        assertEquals(1f, data.label(11));
        assertEquals(IdxFixtures.pixel(11, 5), data.example(11)[5]);
    }

    @Test
    void readsADirectoryOfTheFourStandardFiles() throws IOException {
        IdxFixtures.writeDataset(dir.resolve("tiny"));
        TrainTestData data = Datasets.idx(dir.resolve("tiny"), Normalization.UNIT_RANGE);
        assertEquals(12, data.train().size());
        assertEquals(5, data.test().size());
        assertEquals(IdxFixtures.pixel(4, 0) / 255f, data.test().example(4)[0], 1e-6);
        java.nio.file.Files.delete(dir.resolve("tiny").resolve("t10k-labels-idx1-ubyte.gz"));
        IOException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Datasets.idx(dir.resolve("tiny"), Normalization.NONE));
        assertTrue(e.getMessage().contains("neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void normalisesAsTheQuickstartDoesByDefault() {
        assertEquals((200 / 255f - 0.1307f) / 0.3081f, Normalization.MNIST_MEAN_STD.apply(200), 1e-6);
        assertEquals(-0.1307f / 0.3081f, Normalization.MNIST_MEAN_STD.apply(0), 1e-6);
        assertEquals(1f, Normalization.UNIT_RANGE.apply(255), 1e-6);
        assertEquals(200f, Normalization.NONE.apply(200));
    }

    @Test
    void rejectsALabelFileGivenAsImagesNamingTheFile() throws IOException {
        Path labels = IdxFixtures.write(dir.resolve("train-labels"), IdxFixtures.labels(3));
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic number 0x00000801 (that of a label file), expected 0x00000803"),
                e.getMessage());
    }

    @Test
    void rejectsAFileThatIsNotIdxAtAll() throws IOException {
        Path html = IdxFixtures.write(dir.resolve("error.html"), "<html>Not found</html>".getBytes());
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(html));
        assertTrue(e.getMessage().contains("is not an IDX label file"), e.getMessage());
    }

    @Test
    void rejectsTruncatedFilesRawAndCompressed() throws IOException {
        byte[] full = IdxFixtures.images(6, 4, 3);
        Path raw = IdxFixtures.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 5));
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(raw));
        assertTrue(e.getMessage().contains(raw + " is truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("72 bytes") && e.getMessage().contains("67 bytes"), e.getMessage());

        byte[] gz = IdxFixtures.gzip(full);
        Path cut = IdxFixtures.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        IOException gzError = assertThrows(IOException.class, () -> Idx.readImages(cut));
        assertTrue(gzError.getMessage().contains(cut.toString()), gzError.getMessage());

        Path header = IdxFixtures.write(dir.resolve("header"), Arrays.copyOf(full, 6));
        IOException headerError = assertThrows(IOException.class, () -> Idx.readImages(header));
        assertTrue(headerError.getMessage().contains("too short to hold an IDX header"), headerError.getMessage());
    }

    @Test
    void rejectsTrailingData() throws IOException {
        byte[] full = IdxFixtures.labels(4);
        Path longer = IdxFixtures.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 3));
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(longer));
        assertTrue(e.getMessage().contains("more data than its header declares"), e.getMessage());
    }

    @Test
    void rejectsImageAndLabelCountsThatDiffer() throws IOException {
        Path images = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(6, 4, 3));
        Path labels = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(5));
        IOException e = assertThrows(IOException.class, () -> Idx.read(images, labels, Normalization.NONE));
        assertTrue(e.getMessage().contains(images + " holds 6 images but " + labels + " holds 5 labels"),
                e.getMessage());
    }
}
