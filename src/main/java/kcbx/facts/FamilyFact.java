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
    private final FamilyCircumstances more;

    public FamilyFact(boolean leftBehind, boolean orphan, boolean deFactoUnsupported, boolean difficultCircumstances,
                      boolean migrant, boolean parentIncarcerated, String poverty, String guardianship,
                      boolean receivesAid, boolean needsBoarding, boolean hasBoarding, FamilyCircumstances more) {
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
        this.more = more == null ? FamilyCircumstances.NONE : more;
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
    /** A parent is disabled (残疾人子女, zhongyang 二(三)). */
    public boolean isParentDisabled() { return more.parentDisabled(); }
    /** The whole family works away from home (举家外出务工, zhongyang 二(一)). */
    public boolean isWholeFamilyAway() { return more.wholeFamilyAway(); }
    /** A migrant child's file (流动适龄儿童少年档案, zhongyang 二(二)) is kept. */
    public boolean isMigrantFileKept() { return more.migrantFileKept(); }
    /** Needs transport to school that is not arranged (交通需求, baiyin 三(二)). */
    public boolean isNeedsTransport() { return more.needsTransport(); }
    /** The poverty status as a reason sentence says it, e.g. 建档立卡脱贫户. */
    public String getPovertyLabel() {
        return switch (poverty) {
            case "REGISTERED_POOR" -> "建档立卡脱贫户";
            case "POVERTY_MONITORED" -> "边缘易致贫监测户";
            case "SUBSISTENCE_ALLOWANCE" -> "低保家庭";
            case "EXTREME_POVERTY_SUPPORT" -> "特困救助供养家庭";
            default -> "非困难家庭";
        };
    }

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
        putIf(m, more.parentDisabled(), "parentDisabled");
        putIf(m, more.wholeFamilyAway(), "wholeFamilyAway");
        putIf(m, more.migrantFileKept(), "migrantFileKept");
        putIf(m, more.needsTransport(), "needsTransport");
        return m;
    }

    private static void putIf(Map<String, String> m, boolean value, String key) {
        if (value) {
            m.put(key, "true");
        }
    }
}
