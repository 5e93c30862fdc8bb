package org.jnas.nas.data;

import java.io.IOException;

/**
 * A data set is neither on this machine nor downloadable (offline, or every mirror failed). The
 * message says where it looked and exactly how to get the files.
 */
final class DatasetUnavailableException extends IOException {

    DatasetUnavailableException(String message) {
        super(message);
    }
}
