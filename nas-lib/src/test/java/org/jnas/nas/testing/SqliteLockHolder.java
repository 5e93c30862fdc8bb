package org.jnas.nas.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that holds the write lock of a SQLite database until told to let go, for tests of what
 * an experiment does while another process holds its store ({@link ChildJvm#start()}). Prints
 * {@code locked} once it holds the lock ({@code BEGIN EXCLUSIVE}); on the line {@code commit} from
 * its standard input it commits, prints {@code released} and ends. Argument: the database file.
 */
public final class SqliteLockHolder {
    private SqliteLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            System.out.println("locked");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("commit"));
            s.execute("COMMIT");
            System.out.println("released");
            System.out.flush();
        }
    }
}
