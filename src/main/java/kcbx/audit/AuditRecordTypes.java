package kcbx.audit;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every record type that joined the chain, and the canonical texts of a page of chain entries. */
@Singleton
public class AuditRecordTypes {
    private final Map<String, AuditRecordType> types = new LinkedHashMap<>();

    public AuditRecordTypes(List<AuditRecordType> types) {
        types.forEach(t -> this.types.put(t.type(), t));
    }

    Collection<AuditRecordType> all() {
        return types.values();
    }

    /** Whether an export carries parts after records of this type ({@link AuditRecordType#hasParts}). */
    boolean hasParts(String type) {
        AuditRecordType t = types.get(type);
        return t != null && t.hasParts();
    }

    List<AuditRecordType.Part> parts(Connection c, String type, String recordId, long fromPosition, int limit)
            throws SQLException {
        return types.get(type).parts(c, recordId, fromPosition, limit);
    }

    /** How many of these records of this type are stored; -1 for a type no bean knows. */
    long stored(Connection c, String type, Collection<String> ids) throws SQLException {
        AuditRecordType t = types.get(type);
        return t == null ? -1 : t.stored(c, ids);
    }

    /** The canonical text of every record the entries name, by type and id; a record not stored is absent. */
    Map<String, Map<String, String>> contents(Connection c, List<AuditChainSql.Link> links) throws SQLException {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (AuditChainSql.Link l : links) {
            ids.computeIfAbsent(l.recordType(), k -> new ArrayList<>()).add(l.recordId());
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : ids.entrySet()) {
            AuditRecordType type = types.get(e.getKey());
            out.put(e.getKey(), type == null ? Map.of() : contents(c, type, e.getValue()));
        }
        return out;
    }

    /**
     * Stands for the content of a record whose stored JSON cannot be read (a changed or corrupt
     * zstd frame): compared by identity, so verify names that record rather than failing the walk.
     */
    static final String UNREADABLE = new String("unreadable stored JSON");

    private static Map<String, String> contents(Connection c, AuditRecordType type, List<String> ids) throws SQLException {
        try {
            return type.contents(c, ids);
        } catch (kcbx.system.StoredJsonUnreadableException e) {
            Map<String, String> out = new HashMap<>(); // one by one, to name the records that cannot be read
            for (String id : ids) {
                try {
                    out.putAll(type.contents(c, List.of(id)));
                } catch (kcbx.system.StoredJsonUnreadableException unreadable) {
                    out.put(id, UNREADABLE);
                }
            }
            return out;
        }
    }

    static String content(Map<String, Map<String, String>> contents, AuditChainSql.Link l) {
        return contents.getOrDefault(l.recordType(), Map.of()).get(l.recordId());
    }
}
