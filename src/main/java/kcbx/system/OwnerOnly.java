package kcbx.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files that hold children's data or a credential (the embedded database, the development
 * credential) are readable by their owner only: the directory 0700, each file 0600. Where the
 * file system has no POSIX permissions (Windows) this does nothing and the operator's ACLs apply.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates the directory (and its parents) if need be and makes it, and every file already in it, owner-only. */
    public static void directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (!posix()) {
                return;
            }
            Files.setPosixFilePermissions(dir, DIRECTORY);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(f, FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + dir + " readable by its owner only", e);
        }
    }

    /**
     * Creates an empty file readable and writable by its owner only, replacing any file there; a
     * missing directory is created owner-only, an existing one (and what else it holds) is left alone.
     */
    public static void newFile(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                directory(dir);
            }
            Files.deleteIfExists(file);
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + file + " readable by its owner only", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
