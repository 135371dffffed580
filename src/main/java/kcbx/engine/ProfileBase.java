package kcbx.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A profile's compiled rules: the packages of the DRL units it is made of, and the KieBase (the
 * Rete network) and session pool over them, built on first use. Everything a compile checks reads
 * the packages ({@link #packages}); only deciding needs the network, which is most of a restart's
 * rule set time when the packages come from the compiled-rules cache. So a start serves as soon
 * as the rule set is checked and builds each profile's network when the profile first decides;
 * a compile for validating, publishing or replaying builds them all at once
 * ({@link CompiledRuleset#buildAll}).
 */
public final class ProfileBase {
    /** Sessions kept ready per profile (creating a session per decision cost more than deciding). */
    private static final int SESSION_POOL_SIZE = 4;

    private final List<DrlUnit> parts;
    private volatile Built built;

    private record Built(KieBase kieBase, KieSessionsPool sessions) {
    }

    ProfileBase(List<DrlUnit> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The compiled packages, as the units hold them: their rules, metadata and globals. Builds nothing. */
    public Collection<KiePackage> packages() {
        List<KiePackage> out = new ArrayList<>();
        for (DrlUnit unit : parts) {
            out.addAll(unit.packages());
        }
        return out;
    }

    public KieBase kieBase() {
        return built().kieBase();
    }

    public KieSessionsPool sessions() {
        return built().sessions();
    }

    /** Whether the network is built (a decision of this profile will not wait for it). */
    public boolean isBuilt() {
        return built != null;
    }

    private Built built() {
        Built b = built;
        if (b == null) {
            synchronized (this) {
                b = built;
                if (b == null) {
                    KieBase base = DrlUnit.kieBase(parts);
                    b = new Built(base, base.newKieSessionsPool(SESSION_POOL_SIZE));
                    built = b;
                }
            }
        }
        return b;
    }
}
