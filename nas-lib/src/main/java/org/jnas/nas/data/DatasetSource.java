package org.jnas.nas.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one IDX data set may be found: directories installed by the system, mirrors to download
 * from, and the published checksum of each file.
 *
 * @param displayName the name users know, e.g. "Fashion-MNIST"
 * @param dirName the directory name under the user data directory, e.g. "fashion-mnist"
 * @param systemDirs directories a system package installs the files into, searched first
 * @param mirrors base URLs (ending in '/') to download from, tried in order
 * @param files the four files: train images, train labels, test images, test labels
 * @param systemPackageHint how to install the system package, or null when there is none
 */
record DatasetSource(String displayName, String dirName, List<Path> systemDirs, List<URI> mirrors,
        List<RemoteFile> files, String systemPackageHint) {

    /**
     * One downloadable file.
     *
     * @param name its name on the mirrors and on disk, e.g. "train-images-idx3-ubyte.gz"
     * @param algorithm the checksum's {@link java.security.MessageDigest} algorithm ("MD5", "SHA-256")
     * @param checksum the published checksum in lower-case hex
     */
    record RemoteFile(String name, String algorithm, String checksum) {
    }

    DatasetSource {
        systemDirs = List.copyOf(systemDirs);
        mirrors = List.copyOf(mirrors);
        files = List.copyOf(files);
        if (files.size() != 4) {
            throw new IllegalArgumentException("an IDX data set has four files, got " + files);
        }
    }

    /**
     * Fashion-MNIST: Debian's {@code dataset-fashion-mnist} directory first; downloads from
     * Zalando's GitHub repository or its S3 bucket, checked against the MD5 sums published there
     * (Debian recompresses the files, so its copies have other sums but the same content).
     */
    static final DatasetSource FASHION_MNIST = new DatasetSource("Fashion-MNIST", "fashion-mnist",
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of(URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
                    URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "MD5", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "MD5", "25c81989df183df01b3e8a0aad5dffbe"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "MD5", "bef4ecab320f06d8554ea6380940ec79"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "MD5", "bb300cfdad3c16e7a12a480ee83cd310")),
            "install the Debian package: sudo apt-get install dataset-fashion-mnist");

    /** MNIST: no system package; downloads from PyTorch's mirror or Yann LeCun's site, MD5-checked. */
    static final DatasetSource MNIST = new DatasetSource("MNIST", "mnist",
            List.of(),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("http://yann.lecun.com/exdb/mnist/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "MD5", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "MD5", "d53e105ee54ea40749a09fcbcd1e9432"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "MD5", "9fb629c4189551a2d022fa330f9573f3"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "MD5", "ec29112dd5afa0611ce80d1b7f02629c")),
            null);
}
