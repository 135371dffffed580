package kcbx.facts;

/** The four lists of a registry reconciliation (四查), in the order findings are sorted by. */
public enum RegistryList {
    HOUSEHOLD("householdRegistry", "户籍"),
    SCHOOL_REGISTRY("schoolRegistry", "学籍"),
    IN_SCHOOL("inSchool", "在校学生名单"),
    POVERTY("povertyRegister", "脱贫户适龄儿童名单");

    private final String field;
    private final String label;

    RegistryList(String field, String label) {
        this.field = field;
        this.label = label;
    }

    /** The request field the list comes in, e.g. householdRegistry. */
    public String field() {
        return field;
    }

    /** The list's Chinese name, for reasons. */
    public String label() {
        return label;
    }

    public static RegistryList ofField(String field) {
        for (RegistryList l : values()) {
            if (l.field.equals(field)) {
                return l;
            }
        }
        return null;
    }
}
