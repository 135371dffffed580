package kcbx.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zstd dictionaries of stored JSON, by id, and the current one of each kind (the one new
 * frames are compressed with). Static, because the readers of stored JSON are ({@link StoredJson}).
 *
 * <p>The shipped dictionaries are resource files, {@code dictionaries/<kind>-<id>.dict} beside this
 * class, listed in {@code dictionaries/index.txt} oldest first; the last of each kind is current.
 * They are known from class loading; {@link JsonDictionaryTable} puts them into the table
 * json_dictionary at start-up, so a frame written with one reads on any instance and after any
 * later version ships another: a frame names its dictionary by id, and an id this process does not
 * know is read from the table through the connection of the row being read, then kept.
 */
public final class JsonDictionaries {
    static final String INDEX = "dictionaries/index.txt";
    private static final Pattern FILE = Pattern.compile("(request|decision)-(\\d+)\\.dict");

    private static final Map<Long, JsonDictionary> KNOWN = new ConcurrentHashMap<>();
    private static final Map<JsonDictionary.Kind, JsonDictionary> CURRENT = new EnumMap<>(JsonDictionary.Kind.class);
    private static final List<JsonDictionary> SHIPPED;

    static {
        SHIPPED = List.copyOf(shipped());
        for (JsonDictionary d : SHIPPED) {
            register(d);
            CURRENT.put(d.kind(), d);
        }
    }

    private JsonDictionaries() {
    }

    /** The dictionaries in this build's resources, oldest first. */
    public static List<JsonDictionary> shippedDictionaries() {
        return SHIPPED;
    }

    /** The dictionary new frames of this kind are compressed with; empty when none is shipped. */
    public static Optional<JsonDictionary> current(JsonDictionary.Kind kind) {
        synchronized (CURRENT) {
            return Optional.ofNullable(CURRENT.get(kind));
        }
    }

    /** Makes a dictionary the current one of its kind (tests, and a later rotation of dictionaries). */
    public static void makeCurrent(JsonDictionary d) {
        register(d);
        synchronized (CURRENT) {
            CURRENT.put(d.kind(), d);
        }
    }

    /** The dictionary of this id if this process knows it. */
    public static Optional<JsonDictionary> known(long id) {
        return Optional.ofNullable(KNOWN.get(id));
    }

    /** Lets this process know a dictionary; refused if it knows other bytes under the same id. */
    public static void register(JsonDictionary d) {
        JsonDictionary before = KNOWN.putIfAbsent(d.id(), d);
        if (before != null && !before.sha256().equals(d.sha256())) {
            throw sameIdOtherBytes(d.id(), before.sha256(), d.sha256(), "this process");
        }
    }

    /** Forgets a dictionary this process knew (tests: as a process that never saw it). */
    static void forget(long id) {
        KNOWN.remove(id);
    }

    /** The dictionary of this id: known, or read from the table json_dictionary through this connection and kept. */
    static JsonDictionary find(long id, Connection c) throws SQLException {
        JsonDictionary d = KNOWN.get(id);
        if (d != null) {
            return d;
        }
        Optional<JsonDictionary> stored = c == null ? Optional.empty() : read(c, id);
        if (stored.isEmpty()) {
            throw unknown(id);
        }
        register(stored.get());
        return KNOWN.get(id);
    }

    /** A dictionary this process does not know, and could not read from the table. */
    static StoredJsonUnreadableException unknown(long id) {
        return new StoredJsonUnreadableException("stored JSON names zstd dictionary " + id
                + ", which is neither shipped nor in the table json_dictionary");
    }

    static IllegalStateException sameIdOtherBytes(long id, String sha256, String otherSha256, String where) {
        return new IllegalStateException("zstd dictionary id " + id + " means other bytes in " + where + " (sha256 " + sha256
                + ") than offered (sha256 " + otherSha256 + "): a dictionary id must never mean two dictionaries");
    }

    /** The row of json_dictionary with this id, checked against its sha256. */
    static Optional<JsonDictionary> read(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, content, sha256 FROM json_dictionary WHERE dict_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                JsonDictionary d = new JsonDictionary(JsonDictionary.Kind.of(rs.getString(1)), rs.getBytes(2));
                if (d.id() != id || !d.sha256().equals(rs.getString(3))) {
                    throw new IllegalStateException("json_dictionary row " + id + " holds dictionary " + d.id()
                            + " with sha256 " + d.sha256() + ", not the sha256 " + rs.getString(3) + " it states");
                }
                return Optional.of(d);
            }
        }
    }

    private static List<JsonDictionary> shipped() {
        String index = resource(INDEX);
        if (index == null) {
            return List.of();
        }
        List<JsonDictionary> out = new java.util.ArrayList<>();
        for (String line : index.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = FILE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(INDEX + ": \"" + line + "\" is not <request|decision>-<id>.dict");
            }
            byte[] bytes = bytes("dictionaries/" + line);
            if (bytes == null) {
                throw new IllegalStateException(INDEX + " lists " + line + ", which is not beside it");
            }
            JsonDictionary d = new JsonDictionary(JsonDictionary.Kind.of(m.group(1)), bytes);
            if (d.id() != Long.parseLong(m.group(2))) {
                throw new IllegalStateException("dictionaries/" + line + " holds zstd dictionary " + d.id() + ", not the id its name states");
            }
            out.add(d);
        }
        return out;
    }

    private static String resource(String name) {
        byte[] b = bytes(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = JsonDictionaries.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
