package kcbx.ruleset;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.engine.CompiledRuleset;

/**
 * Keeps this instance on the version the database names active: another instance may have
 * published or rolled back. A version that cannot be loaded is logged and the current one keeps
 * serving; the next poll tries again.
 */
@Singleton
@Requires(bean = ActiveRuleset.class) // not in the credentials command (environment "cli")
class RulesetFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RulesetFollower.class);

    private final ActiveRuleset active;
    private final RulesetPointer pointer;
    private final RulesetVersions versions;

    RulesetFollower(ActiveRuleset active, RulesetPointer pointer, RulesetVersions versions) {
        this.active = active;
        this.pointer = pointer;
        this.versions = versions;
    }

    @Scheduled(fixedDelay = "${kcbx.ruleset.poll-interval:3s}", initialDelay = "${kcbx.ruleset.poll-interval:3s}")
    void follow() {
        try {
            Optional<String> pointed = pointer.active();
            if (pointed.isEmpty() || pointed.get().equals(active.get().version())) {
                return;
            }
            synchronized (active) { // a publication on this instance swaps under the same lock
                if (!pointed.get().equals(active.get().version())) {
                    CompiledRuleset next = versions.find(pointed.get()).orElseThrow(() -> new IllegalStateException(
                            "the archive does not hold version " + pointed.get()));
                    versions.remember(active.swap(next));
                    LOG.info("Followed the database to rule set {}", next.version());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot follow the active rule set pointer; still serving {}: {}", active.get().version(),
                    e.getMessage());
        }
    }
}
