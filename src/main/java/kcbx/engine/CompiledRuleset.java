package kcbx.engine;

import java.util.Map;
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
}
