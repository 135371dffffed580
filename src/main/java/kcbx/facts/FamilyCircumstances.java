package kcbx.facts;

/**
 * The family facts added for issue 14 (a disabled parent, the whole family working away, the
 * migrant child's file, a transport need), kept apart so the family's constructor does not grow
 * a parameter per clause.
 */
public record FamilyCircumstances(boolean parentDisabled, boolean wholeFamilyAway, boolean migrantFileKept,
                                  boolean needsTransport) {
    public static final FamilyCircumstances NONE = new FamilyCircumstances(false, false, false, false);
}
