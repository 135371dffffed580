package kcbx.facts;

import java.time.LocalDate;

/**
 * One row of one list as the reconciliation rules see it. {@code idProblem} says why the row's
 * national ID cannot be matched (missing, malformed, bad check digit); then the row stands alone
 * and only a masked form of the ID is kept.
 */
public final class RegistryRow {
    private final RegistryList list;
    private final int index;
    private final String ref;
    private final String idProblem;
    private final String maskedId;
    private final LocalDate birthDate;
    private final String gender;
    private final String schoolId;
    private final Integer grade;
    private final String township;
    private final String village;

    public RegistryRow(RegistryList list, int index, String ref, String idProblem, String maskedId, LocalDate birthDate,
                       String gender, String schoolId, Integer grade, String township, String village) {
        this.list = list;
        this.index = index;
        this.ref = ref;
        this.idProblem = idProblem;
        this.maskedId = maskedId;
        this.birthDate = birthDate;
        this.gender = gender;
        this.schoolId = schoolId;
        this.grade = grade;
        this.township = township;
        this.village = village;
    }

    /** "户籍第18行（ref h-17）": how a reason points staff at the row (rows count from 1 there). */
    public String getLabel() {
        return list.label() + "第" + (index + 1) + "行" + (ref == null ? "" : "（" + ref + "）");
    }

    public RegistryList getList() { return list; }
    public int getIndex() { return index; }
    public String getRef() { return ref; }
    public String getIdProblem() { return idProblem; }
    public String getMaskedId() { return maskedId; }
    public LocalDate getBirthDate() { return birthDate; }
    public String getGender() { return gender; }
    public String getSchoolId() { return schoolId; }
    public Integer getGrade() { return grade; }
    public String getTownship() { return township; }
    public String getVillage() { return village; }
}
