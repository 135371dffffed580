package kcbx.audit;

import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which audit chain a record goes to. A county's decisions and reconciliations go to the chain of
 * their profile: the profile id itself, or the chain a deployment maps it to with
 * {@code kcbx.audit.chains.<profile>=<chain>} (several small counties may share one chain; a
 * deployment may map a profile to {@value #LEGACY} to carry on the chain it kept before chains
 * were per county). Administrative acts (rule set publications, credentials issued, renewed or
 * revoked) belong to no county: the rule set and the credentials serve the whole deployment, so
 * they go to the {@value #SYSTEM} chain. Each chain has its own head row, so appends to different
 * chains never wait for each other.
 */
@Singleton
public class AuditChains {
    /** The chain of administrative acts. */
    public static final String SYSTEM = "system";
    /** The one chain every record went to before V15; its first record links to 64 zeros. */
    public static final String LEGACY = "audit";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    private final Map<String, String> byProfile = new TreeMap<>();

    @Inject
    AuditChains(Environment env) {
        this(env.getProperties("kcbx.audit.chains", StringConvention.RAW));
    }

    /** From the entries under kcbx.audit.chains: profile, chain. */
    AuditChains(Map<String, Object> raw) {
        raw.forEach((profile, chain) -> {
            String name = String.valueOf(chain);
            if (!isName(name)) {
                throw new IllegalStateException("kcbx.audit.chains." + profile + " is not a chain name: 1 to 32"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            byProfile.put(profile, name);
        });
    }

    /** The chain of a county's records. */
    public String ofProfile(String profile) {
        String chain = byProfile.getOrDefault(profile, profile);
        if (!isName(chain)) {
            throw new IllegalArgumentException("profile '" + profile + "' names no chain; map it with kcbx.audit.chains");
        }
        return chain;
    }

    /** The profiles a deployment mapped to a chain other than their own id. */
    public Map<String, String> mapped() {
        return Map.copyOf(byProfile);
    }

    /** Whether a text can be a chain name (as the API's chain parameter and the config take it). */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
