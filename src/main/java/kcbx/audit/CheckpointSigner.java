package kcbx.audit;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's checkpoint key: Ed25519, read from kcbx.audit.checkpoint.key-file, or generated
 * there on the first start (owner-only, rw-------) with its public key beside it in
 * {@code <key-file>.pub} (the line an auditor is given; also logged at start-up). A key file that
 * others may read is refused: whoever reads it can sign a forged chain head.
 */
@Singleton
public class CheckpointSigner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSigner.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keyFile;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    CheckpointSigner(@Value("${kcbx.audit.checkpoint.key-file}") String keyFile) {
        this.keyFile = Path.of(keyFile).toAbsolutePath();
        try {
            if (!Files.exists(this.keyFile)) {
                create(this.keyFile);
            }
            checkOwnerOnly(this.keyFile);
            this.privateKey = CheckpointKeys.privateKey(Files.readString(this.keyFile, StandardCharsets.US_ASCII));
            this.publicKey = CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(this.keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("The checkpoint key file " + this.keyFile + " cannot be read or written", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The checkpoint key file " + this.keyFile
                    + " (or its .pub) does not hold an Ed25519 key", e);
        }
        LOG.info("Audit checkpoints are signed with the Ed25519 key in {}; public key (give it to auditors): {}",
                this.keyFile, publicKeyText());
    }

    /** The private key is created exclusively first: of two instances starting on one path, one key wins. */
    private static void create(Path keyFile) throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        KeyPair pair = CheckpointKeys.generate();
        try {
            if (supportsPosix(keyFile)) {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(keyFile);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another instance sharing the path created it first: use theirs
        }
        Files.writeString(keyFile, CheckpointKeys.privateKeyPem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(CheckpointKeys.publicKeyFile(keyFile), CheckpointKeys.publicKeyText(pair.getPublic()) + "\n",
                StandardCharsets.US_ASCII);
    }

    private static void checkOwnerOnly(Path keyFile) throws IOException {
        if (supportsPosix(keyFile)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
            perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!perms.isEmpty()) {
                throw new IllegalStateException("The checkpoint key file " + keyFile
                        + " must be readable by its owner only (chmod 600): it has " + perms);
            }
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    Checkpoint sign(Checkpoint unsigned) {
        return unsigned.signed(CheckpointKeys.sign(privateKey, unsigned));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyText() {
        return CheckpointKeys.publicKeyText(publicKey);
    }

    Path keyFile() {
        return keyFile;
    }
}
