package kcbx.ruleset;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A rule set version compiled for every profile it defines. Immutable; swapped whole. */
public final class CompiledRuleset {
    private final String version;
    private final Map<String, ProfileRules> profiles;

    CompiledRuleset(String version, Map<String, ProfileRules> profiles) {
        this.version = version;
        this.profiles = new TreeMap<>(profiles);
    }

    public String version() {
        return version;
    }

    public Optional<ProfileRules> profile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    public Map<String, ProfileRules> profiles() {
        return profiles;
    }
}
