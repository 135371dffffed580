package kcbx.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A rule set version compiled for every profile it defines, with the files it was compiled from
 * (so exactly what decided can be archived). Immutable; swapped whole.
 */
public final class CompiledRuleset {
    private final RulesetSource source;
    private final Map<String, ProfileRules> profiles;

    CompiledRuleset(RulesetSource source, Map<String, ProfileRules> profiles) {
        this.source = source;
        this.profiles = new TreeMap<>(profiles);
    }

    public String version() {
        return source.version();
    }

    public RulesetSource source() {
        return source;
    }

    public Optional<ProfileRules> profile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    public Map<String, ProfileRules> profiles() {
        return profiles;
    }

    /** Builds every profile's network not built yet, in parallel; returns when all are. */
    public void buildAll() {
        List<Callable<Boolean>> work = new ArrayList<>();
        for (ProfileRules p : profiles.values()) {
            if (!p.base().isBuilt()) {
                work.add(() -> p.kieBase() != null);
            }
        }
        if (!work.isEmpty()) {
            InParallel.run(work);
        }
    }
}
