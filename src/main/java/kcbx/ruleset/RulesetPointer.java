package kcbx.ruleset;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import kcbx.audit.Actor;
import kcbx.audit.AdminEvents;
import kcbx.system.Jdbc;

/**
 * The active rule set version as the database knows it: the one pointer every instance follows,
 * and the history of who moved it. Moving it is one transaction under the pointer row's lock.
 */
@Singleton
public class RulesetPointer {
    private final RulesetPointerRepository repository;
    private final TransactionOperations<Connection> tx;
    private final AdminEvents events;

    RulesetPointer(RulesetPointerRepository repository, TransactionOperations<Connection> tx, AdminEvents events) {
        this.events = events;
        this.repository = repository;
        this.tx = tx;
    }

    public Optional<String> active() {
        return Jdbc.read(tx, repository::active);
    }

    /**
     * Points at {@code version} (already archived) and records who did it and why. When the pointer
     * already names that version nothing is recorded and the empty result says so.
     */
    public Optional<PublicationRecord> publish(String version, String by, String reason, int scenariosRun,
                                               int scenariosPassed) {
        return Jdbc.write(tx, c -> {
            Optional<String> previous = repository.lockActive(c);
            if (previous.isPresent() && previous.get().equals(version)) {
                return Optional.empty();
            }
            PublicationRecord p = repository.publish(c, new PublicationRecord(0, version, previous.orElse(null),
                    System.currentTimeMillis(), by, reason, scenariosRun, scenariosPassed));
            chain(p); // in this transaction: the publication and its chained record commit together
            return Optional.of(p);
        });
    }

    /** A publication (a roll back is one of an archived version) as a chained admin_event naming who acted. */
    private void chain(PublicationRecord p) {
        events.record(AdminEvents.RULESET_PUBLISHED, Actor.current(Actor.SYSTEM), new AdminEvents.Detail()
                .put("publicationId", p.id()).put("version", p.version())
                .put("previousVersion", p.previousVersion()).put("publishedBy", p.publishedBy())
                .put("reason", p.reason()).put("scenariosRun", p.scenariosRun())
                .put("scenariosPassed", p.scenariosPassed()));
    }

    public List<PublicationRecord> publications(String version, int limit) {
        return Jdbc.read(tx, c -> repository.publications(c, version, limit));
    }
}
