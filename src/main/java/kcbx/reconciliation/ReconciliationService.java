package kcbx.reconciliation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import kcbx.api.model.Finding;
import kcbx.api.model.Reconciliation;
import kcbx.api.model.ReconciliationSummary;
import kcbx.facts.RegistryList;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconciliation from body to stored record: read the lists as a stream, run the profile's
 * rules child by child, write each finding as it comes, and answer with the first page read
 * back from the store. Logs counts and timings only: the lists are children's personal data.
 */
@Singleton
class ReconciliationService {
    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationService.class);
    static final int MAX_PAGE = 5000;

    private final ActiveRuleset rulesets;
    private final RequestReader reader;
    private final ReconciliationStore store;
    private final JsonMapper json;
    private final Reconciler reconciler;
    private final int pageSize;

    ReconciliationService(ActiveRuleset rulesets, RequestReader reader, ReconciliationStore store, JsonMapper json,
                          @Value("${kcbx.reconciliation.partition-rows:100000}") int partitionRows,
                          @Value("${kcbx.reconciliation.session-children:2000}") int sessionChildren,
                          @Value("${kcbx.reconciliation.page-size:1000}") int pageSize) {
        this.rulesets = rulesets;
        this.reader = reader;
        this.store = store;
        this.json = json;
        this.reconciler = new Reconciler(partitionRows, sessionChildren);
        this.pageSize = pageSize;
    }

    Reconciliation reconcile(InputStream body) {
        long start = System.nanoTime();
        RequestReader.Parsed request = reader.read(body);
        long read = System.nanoTime();
        CompiledRuleset ruleset = rulesets.get();
        String profileId = request.profile() == null ? RulesetCompiler.BASELINE : request.profile();
        ProfileRules profile = ruleset.profile(profileId).orElseThrow(() -> ProblemException.unknownProfile(profileId));
        String id = UUID.randomUUID().toString();
        Map<String, Long> byCode = new TreeMap<>();
        long[] writing = new long[1];
        long count = store.record(id, profileId, request.asOf(), ruleset.version(), System.currentTimeMillis(), writer -> {
            Reconciler.Totals totals = reconciler.run(profile, request.asOf(), request.rows(), results -> {
                long t = System.nanoTime();
                for (Reconciler.Result r : results) {
                    Finding f = FindingAssembler.assemble(r);
                    writer.write(r.sortKey(), f.getCode().getValue(), write(f));
                    byCode.merge(f.getCode().getValue(), 1L, Long::sum);
                }
                writing[0] += System.nanoTime() - t;
            });
            Map<String, Long> rows = new LinkedHashMap<>();
            for (RegistryList l : RegistryList.values()) {
                rows.put(l.field(), (long) request.rows().count(l));
            }
            return write(new ReconciliationSummary(rows, totals.children(), byCode, totals.firedRules()));
        });
        LOG.info("Reconciliation {} ({}, asOf {}): {} rows, {} findings; read in {} ms, decided and stored in {} ms"
                        + " (of which writing findings {} ms)", id, profileId, request.asOf(), request.rows().size(), count,
                (read - start) / 1_000_000, (System.nanoTime() - read) / 1_000_000, writing[0] / 1_000_000);
        return find(id, 0, pageSize).orElseThrow();
    }

    Optional<Reconciliation> find(String reconciliationId, long offset, int limit) {
        return store.find(reconciliationId).map(h -> {
            List<Finding> findings = new ArrayList<>();
            for (String text : store.page(h.pk(), offset, limit)) {
                findings.add(read(text, Finding.class));
            }
            Reconciliation r = new Reconciliation(h.reconciliationId(), h.rulesetVersion(), h.profile(), h.asOf(),
                    Instant.ofEpochMilli(h.createdAtMs()).atZone(ZoneOffset.UTC),
                    read(h.summaryJson(), ReconciliationSummary.class), h.findingCount(), offset, findings);
            if (offset + findings.size() < h.findingCount()) {
                r.next("/v1/reconciliations/" + h.reconciliationId() + "?offset=" + (offset + findings.size())
                        + "&limit=" + limit);
            }
            return r;
        });
    }

    int pageSize() {
        return pageSize;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, Argument.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
