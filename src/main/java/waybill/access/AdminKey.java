package waybill.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The admin key the service makes for itself when no keys are configured, so nothing runs open by
 * accident: 32 random bytes (base64url), kept in {@code DATA/admin.key} with owner-only permissions
 * (rw-------), the same key on every start until the file is deleted.
 */
public final class AdminKey {
    public static final String FILE = "admin.key";

    /** The key, whether it was made now, and where it is kept. */
    public record Loaded(String key, boolean created, Path file) {}

    private AdminKey() {}

    public static Loaded ensure(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return new Loaded(read(file), false, file);
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            if (posix(dataDir)) {
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return new Loaded(read(file), false, file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return new Loaded(key, true, file);
    }

    /** True when the key file can be read by others than its owner. */
    public static boolean tooOpen(Path file) throws IOException {
        if (!posix(file)) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ)
                || p.contains(PosixFilePermission.OTHERS_READ)
                || p.contains(PosixFilePermission.GROUP_WRITE)
                || p.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static String read(Path file) throws IOException {
        String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (key.length() < ApiKeys.MIN_KEY_LENGTH) {
            throw new IOException(file + " does not hold a key; delete it to make a new one");
        }
        return key;
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
