package kcbx.system;

import io.micronaut.context.annotation.Context;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the shipped zstd dictionaries into the table json_dictionary at start-up, before any
 * decision is stored with one, so that every frame written with them reads on any instance for as
 * long as the table lives. A dictionary already there with the same bytes is left as it is; the
 * same id with other bytes stops start-up: a dictionary id must never mean two dictionaries.
 */
@Context
class JsonDictionaryTable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonDictionaryTable.class);

    JsonDictionaryTable(TransactionOperations<Connection> tx) {
        for (JsonDictionary d : JsonDictionaries.shippedDictionaries()) {
            if (Jdbc.write(tx, c -> ensure(c, d))) {
                LOG.info("Stored {}", d);
            }
        }
    }

    /** Inserts the dictionary unless the table has it; true if it inserted it. Refuses the same id with other bytes. */
    static boolean ensure(Connection c, JsonDictionary d) throws SQLException {
        if (check(c, d)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO json_dictionary (dict_id, kind, content, sha256,"
                + " added_at_ms) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, d.id());
            ps.setString(2, d.kind().column());
            ps.setBytes(3, d.bytes());
            ps.setString(4, d.sha256());
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (java.sql.SQLIntegrityConstraintViolationException e) {
            // another instance inserted it since: it must be the same dictionary
            if (check(c, d)) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /** Whether the table holds this dictionary; an error if it holds other bytes under its id. */
    private static boolean check(Connection c, JsonDictionary d) throws SQLException {
        Optional<JsonDictionary> stored;
        try {
            stored = JsonDictionaries.read(c, d.id());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("zstd dictionary id " + d.id() + " in the table json_dictionary is not the "
                    + d + " this build ships: " + e.getMessage(), e);
        }
        if (stored.isPresent() && !stored.get().sha256().equals(d.sha256())) {
            throw JsonDictionaries.sameIdOtherBytes(d.id(), stored.get().sha256(), d.sha256(), "the table json_dictionary");
        }
        return stored.isPresent();
    }
}
