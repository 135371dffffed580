package kcbx.facts;

import java.util.LinkedHashMap;
import java.util.Map;

/** Disability and placement (随班就读 / 特殊教育学校 / 送教上门). */
public final class DisabilityFact implements Explainable {
    private final boolean disabled;
    private final boolean severe;
    private final String placement;
    private final boolean unableToReceiveEducation;

    public DisabilityFact(boolean disabled, boolean severe, String placement, boolean unableToReceiveEducation) {
        this.disabled = disabled;
        this.severe = severe;
        this.placement = placement;
        this.unableToReceiveEducation = unableToReceiveEducation;
    }

    public boolean isDisabled() { return disabled; }
    public boolean isSevere() { return severe; }
    /** REGULAR_CLASS, SPECIAL_SCHOOL, HOME_TEACHING, REMOTE_EDUCATION or NONE. */
    public String getPlacement() { return placement; }
    /** Assessed as not able to receive education (不具备接受教育能力, baiyin 四(三)). */
    public boolean isUnableToReceiveEducation() { return unableToReceiveEducation; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("disabled", String.valueOf(disabled));
        m.put("severe", String.valueOf(severe));
        m.put("placement", placement);
        if (unableToReceiveEducation) {
            m.put("unableToReceiveEducation", "true");
        }
        return m;
    }
}
