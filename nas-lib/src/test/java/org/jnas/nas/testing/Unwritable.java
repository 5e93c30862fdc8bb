package org.jnas.nas.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Files and directories made unwritable for real, for tests of a store that cannot be written:
 * their write permissions taken away where permissions bind, else (as root, whom permissions do not
 * bind) the immutable attribute set ({@code chattr +i}); undone on close. Where neither binds (root
 * on a file system without the attribute) the test is aborted, as a JUnit assumption.
 */
public final class Unwritable implements AutoCloseable {
    private final Map<Path, Set<PosixFilePermission>> permissions;
    private final List<Path> immutable;

    private Unwritable(Map<Path, Set<PosixFilePermission>> permissions, List<Path> immutable) {
        this.permissions = permissions;
        this.immutable = immutable;
    }

    /** Makes {@code paths} unwritable, checked by trying to write each. */
    public static Unwritable make(Path... paths) throws IOException, InterruptedException {
        Map<Path, Set<PosixFilePermission>> saved = new LinkedHashMap<>();
        for (Path p : paths) {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(p);
            saved.put(p, before);
            Set<PosixFilePermission> readOnly = EnumSet.copyOf(before);
            readOnly.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(p, readOnly);
        }
        Unwritable made = new Unwritable(saved, new ArrayList<>());
        if (made.binds(paths)) {
            return made;
        }
        made.close(); // root: permissions do not bind
        made = new Unwritable(Map.of(), new ArrayList<>());
        for (Path p : paths) {
            if (!chattr("+i", p)) {
                made.close();
                Assumptions.abort("cannot make " + p + " unwritable: permissions do not bind and chattr +i failed");
            }
            made.immutable.add(p);
        }
        if (!made.binds(paths)) {
            made.close();
            Assumptions.abort("cannot make " + List.of(paths) + " unwritable here");
        }
        return made;
    }

    private boolean binds(Path... paths) {
        for (Path p : paths) {
            if (writable(p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean writable(Path p) {
        try {
            if (Files.isDirectory(p)) {
                Files.delete(Files.createTempFile(p, "probe", ".tmp"));
            } else {
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.APPEND)) {
                    out.flush(); // opened for writing: enough to know, and the file is left as it was
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path p) throws IOException, InterruptedException {
        try {
            Process chattr = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
            chattr.getInputStream().readAllBytes();
            return chattr.waitFor() == 0;
        } catch (IOException e) {
            return false; // no chattr on this machine
        }
    }

    /** Makes the paths writable again, as they were. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Path p : immutable) {
            chattr("-i", p);
        }
        for (Map.Entry<Path, Set<PosixFilePermission>> e : permissions.entrySet()) {
            Files.setPosixFilePermissions(e.getKey(), e.getValue());
        }
    }
}
