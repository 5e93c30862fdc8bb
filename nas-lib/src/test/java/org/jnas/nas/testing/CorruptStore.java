package org.jnas.nas.testing;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * A partly corrupt store, as a disk error or a bad copy leaves one: SQLite opens it, and a write
 * that touches only the pages it changes goes through, but reading all trials fails. Made of one
 * stored experiment ({@link #EXPERIMENT}) whose trials span many pages, the first of which is
 * overwritten with garbage.
 */
public final class CorruptStore {
    /** The id of the experiment stored before the damage. */
    public static final String EXPERIMENT = "damaged";
    private static final int TRIALS = 300;

    private CorruptStore() {}

    /** Writes the store under {@code home}, damages it and returns the database file. */
    public static Path partly(Path home) throws Exception {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(new ExperimentInfo(EXPERIMENT, EXPERIMENT, null, "space", List.of(),
                    "strategy", Direction.MAXIMIZE), e -> {
                        throw new AssertionError(e);
                    });
            Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
            for (long id = 1; id <= TRIALS; id++) {
                journal.trialEnded(new TrialRecord(id, Sample.of(Map.of("units", id)), TrialStatus.SUCCEEDED,
                        Optional.of("cpu()"), t0, Optional.of(t0), Optional.of(t0), List.of(), Map.of("default", 0.5),
                        Optional.empty(), List.of("epoch 1: loss 0.25 accuracy 0.5 ".repeat(4))), List.of());
            }
        }
        Path file = home.resolve(ExperimentStore.FILE_NAME);
        corruptFirstLeaf(file, "trials");
        return file;
    }

    /** Overwrites the leftmost leaf page of {@code table}'s b-tree: its first rows. */
    private static void corruptFirstLeaf(Path file, String table) throws Exception {
        int root;
        int pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // every page in the database file itself
            root = intResult(s, "SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'");
            pageSize = intResult(s, "PRAGMA page_size");
        }
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            int page = root;
            while (true) {
                ByteBuffer bytes = ByteBuffer.allocate(pageSize);
                f.read(bytes, (long) (page - 1) * pageSize);
                int header = page == 1 ? 100 : 0;
                byte type = bytes.get(header);
                if (type == 0x0D) { // a table leaf
                    break;
                }
                if (type != 0x05) { // a table interior page: go down its first child
                    throw new AssertionError("page " + page + " of " + table + " is no table b-tree page: type " + type);
                }
                int firstCell = bytes.getShort(header + 12) & 0xFFFF;
                page = bytes.getInt(firstCell);
            }
            if (page == root) {
                throw new AssertionError(table + " fits in one page: store more rows");
            }
            byte[] garbage = new byte[pageSize];
            Arrays.fill(garbage, (byte) 0x5A);
            f.write(ByteBuffer.wrap(garbage), (long) (page - 1) * pageSize);
        }
    }

    private static int intResult(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            return rs.getInt(1);
        }
    }
}
