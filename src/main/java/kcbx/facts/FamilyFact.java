package kcbx.facts;

import java.util.LinkedHashMap;
import java.util.Map;

/** Family circumstances; absent facts are false / NONE / ADEQUATE. */
public final class FamilyFact implements Explainable {
    private final boolean leftBehind;
    private final boolean orphan;
    private final boolean deFactoUnsupported;
    private final boolean difficultCircumstances;
    private final boolean migrant;
    private final boolean parentIncarcerated;
    private final String poverty;
    private final String guardianship;
    private final boolean receivesAid;
    private final boolean needsBoarding;
    private final boolean hasBoarding;

    public FamilyFact(boolean leftBehind, boolean orphan, boolean deFactoUnsupported, boolean difficultCircumstances,
                      boolean migrant, boolean parentIncarcerated, String poverty, String guardianship,
                      boolean receivesAid, boolean needsBoarding, boolean hasBoarding) {
        this.leftBehind = leftBehind;
        this.orphan = orphan;
        this.deFactoUnsupported = deFactoUnsupported;
        this.difficultCircumstances = difficultCircumstances;
        this.migrant = migrant;
        this.parentIncarcerated = parentIncarcerated;
        this.poverty = poverty;
        this.guardianship = guardianship;
        this.receivesAid = receivesAid;
        this.needsBoarding = needsBoarding;
        this.hasBoarding = hasBoarding;
    }

    public boolean isLeftBehind() { return leftBehind; }
    public boolean isOrphan() { return orphan; }
    public boolean isDeFactoUnsupported() { return deFactoUnsupported; }
    public boolean isDifficultCircumstances() { return difficultCircumstances; }
    public boolean isMigrant() { return migrant; }
    public boolean isParentIncarcerated() { return parentIncarcerated; }
    /** NONE, REGISTERED_POOR, POVERTY_MONITORED, SUBSISTENCE_ALLOWANCE or EXTREME_POVERTY_SUPPORT. */
    public String getPoverty() { return poverty; }
    /** ADEQUATE, WEAK or NONE. */
    public String getGuardianship() { return guardianship; }
    public boolean isReceivesAid() { return receivesAid; }
    public boolean isNeedsBoarding() { return needsBoarding; }
    public boolean isHasBoarding() { return hasBoarding; }
    public boolean isPoor() { return !"NONE".equals(poverty); }

    @Override
    public Map<String, String> explain() {
        // only what is not the default, so the explanation names what made a rule match
        Map<String, String> m = new LinkedHashMap<>();
        putIf(m, leftBehind, "leftBehind");
        putIf(m, orphan, "orphan");
        putIf(m, deFactoUnsupported, "deFactoUnsupported");
        putIf(m, difficultCircumstances, "difficultCircumstances");
        putIf(m, migrant, "migrant");
        putIf(m, parentIncarcerated, "parentIncarcerated");
        if (!"NONE".equals(poverty)) {
            m.put("poverty", poverty);
        }
        if (!"ADEQUATE".equals(guardianship)) {
            m.put("guardianship", guardianship);
        }
        putIf(m, receivesAid, "receivesAid");
        putIf(m, needsBoarding, "needsBoarding");
        putIf(m, hasBoarding, "hasBoarding");
        return m;
    }

    private static void putIf(Map<String, String> m, boolean value, String key) {
        if (value) {
            m.put(key, "true");
        }
    }
}
