package kcbx.ruleset;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule set in force. Compiled from the rules folder when the service starts (eagerly, so the
 * first request does not pay for it, and so a rule that does not compile stops the start with its
 * file and line). Held as one immutable reference: a decision reads it once and is made wholly by
 * that version.
 */
@Context
@Requires(notEnv = "cli") // the credentials command needs the database, not the rules
public class ActiveRuleset {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRuleset.class);

    private final AtomicReference<CompiledRuleset> current = new AtomicReference<>();

    public ActiveRuleset(@Value("${kcbx.rules.path:rules}") String rulesPath) {
        Path root = Path.of(rulesPath).toAbsolutePath().normalize();
        long start = System.nanoTime();
        CompiledRuleset compiled = new RulesetCompiler().compile(RulesetSource.fromDirectory(root));
        current.set(compiled);
        LOG.info("Rule set {} compiled from {} in {} ms: profiles {}", compiled.version(), root,
                (System.nanoTime() - start) / 1_000_000, compiled.profiles().keySet());
    }

    public CompiledRuleset get() {
        return current.get();
    }
}
