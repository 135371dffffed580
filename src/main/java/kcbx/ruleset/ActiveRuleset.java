package kcbx.ruleset;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.engine.CompiledDrlCache;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetException;
import kcbx.engine.RulesetSource;

/**
 * The rule set in force on this instance. Held as one immutable reference: a decision reads it
 * once and is made wholly by that version; a publication or the follower swaps the whole
 * reference, so no decision ever sees half of two versions.
 *
 * <p>At start-up (eagerly, so the first request does not pay the compile) the database's active
 * pointer decides which version serves, because several instances must agree. The rules folder
 * counts as a publication when its content was never stored before (a deployment brought new
 * files) or when nothing was ever published. A folder that does not compile stops the start with
 * every problem, unless the database names a good stored version: then that one serves and the
 * folder's problems are logged as an error, so a bad file on one machine does not take it down.
 *
 * <p>Drools' compiled packages are kept in {@code kcbx.rules.compiled-cache} (blank: not kept),
 * so a restart with the same rules reads them instead of compiling ({@link CompiledDrlCache});
 * every check of the rules but Drools' compile and the rule-code gate (whose verdict a kept file
 * is) still runs on each start. Each profile's network is built by the profile's first decision
 * ({@link kcbx.engine.ProfileBase}): an instance builds only the profiles it serves (a county's
 * instance typically one), and the start does not wait for any.
 */
@Context
@Requires(notEnv = "cli") // the credentials command needs the database, not the rules
public class ActiveRuleset {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRuleset.class);
    static final String STARTUP = "rules folder at start-up";

    private final AtomicReference<CompiledRuleset> current = new AtomicReference<>();

    public ActiveRuleset(@Value("${kcbx.rules.path:rules}") String rulesPath,
                         @Value("${kcbx.rules.compiled-cache:}") String compiledCache,
                         RulesetArchive archive, RulesetPointer pointer) {
        Path root = Path.of(rulesPath).toAbsolutePath().normalize();
        long start = System.nanoTime();
        RulesetCompiler compiler = new RulesetCompiler(compiledCache.isBlank() ? null
                : new CompiledDrlCache(Path.of(compiledCache).toAbsolutePath().normalize()));
        CompiledRuleset folder = null;
        RulesetException folderProblems = null;
        try {
            folder = compiler.compileLazily(RulesetSource.fromDirectory(root));
        } catch (RulesetException e) {
            folderProblems = e;
        }
        Optional<String> pointed = pointer.active();
        if (folder == null) {
            if (pointed.isEmpty()) {
                throw folderProblems;
            }
            LOG.error("THE RULES FOLDER {} DOES NOT COMPILE; serving the stored active version {} instead. {}",
                    root, pointed.get(), folderProblems.getMessage());
            current.set(stored(compiler, archive, pointed.get()));
        } else if (pointed.isEmpty() || !archive.contains(folder.version())) {
            archive.archive(folder.source(), STARTUP, root.toString());
            pointer.publish(folder.version(), "start-up", STARTUP + " " + root, 0, 0);
            current.set(folder);
        } else if (pointed.get().equals(folder.version())) {
            current.set(folder);
        } else {
            LOG.warn("The rules folder {} holds stored version {}, but the database names {} active (published"
                    + " since); serving {}. Publish the folder to make it active.", root, folder.version(),
                    pointed.get(), pointed.get());
            current.set(stored(compiler, archive, pointed.get()));
        }
        LOG.info("Rule set {} active in {} ms: profiles {}", get().version(),
                (System.nanoTime() - start) / 1_000_000, get().profiles().keySet());
    }

    private static CompiledRuleset stored(RulesetCompiler compiler, RulesetArchive archive, String version) {
        RulesetSource source = archive.load(version).orElseThrow(() -> new IllegalStateException(
                "The database names rule set version " + version + " active but does not hold its files."));
        return compiler.compileLazily(source);
    }

    public CompiledRuleset get() {
        return current.get();
    }

    /** Makes {@code next} the version every following decision is made by; returns the one it replaced. */
    public CompiledRuleset swap(CompiledRuleset next) {
        CompiledRuleset previous = current.getAndSet(next);
        if (!previous.version().equals(next.version())) {
            LOG.info("Rule set {} replaces {}", next.version(), previous.version());
        }
        return previous;
    }
}
