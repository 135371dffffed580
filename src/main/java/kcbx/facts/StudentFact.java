package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The student as the rules see it. Names and national ID numbers are deliberately absent: rules
 * need none of them, and what the engine never holds it cannot leak.
 */
public final class StudentFact implements Explainable {
    private final String id;
    private final String schoolId;
    private final String gender;
    private final LocalDate birthDate;
    private final Integer grade;
    private final RegistryStatus registryStatus;
    private final String township;
    private final String village;
    private final boolean hasHukou;
    private final boolean ethnicMinority;
    private final boolean learningDifficulty;
    private final LocalDate returnedOn;
    private final boolean studyingElsewhereConfirmed;
    private final boolean foundWorking;
    private final boolean healthDeferralRequested;
    private final StudentCircumstances more;

    public StudentFact(String id, String schoolId, String gender, LocalDate birthDate, Integer grade,
                       RegistryStatus registryStatus, String township, String village, boolean hasHukou,
                       boolean ethnicMinority, boolean learningDifficulty, LocalDate returnedOn,
                       boolean studyingElsewhereConfirmed, boolean foundWorking, boolean healthDeferralRequested,
                       StudentCircumstances more) {
        this.id = id;
        this.schoolId = schoolId;
        this.gender = gender;
        this.birthDate = birthDate;
        this.grade = grade;
        this.registryStatus = registryStatus;
        this.township = township;
        this.village = village;
        this.hasHukou = hasHukou;
        this.ethnicMinority = ethnicMinority;
        this.learningDifficulty = learningDifficulty;
        this.returnedOn = returnedOn;
        this.studyingElsewhereConfirmed = studyingElsewhereConfirmed;
        this.foundWorking = foundWorking;
        this.healthDeferralRequested = healthDeferralRequested;
        this.more = more == null ? StudentCircumstances.NONE : more;
    }

    public String getId() { return id; }
    public String getSchoolId() { return schoolId; }
    public String getGender() { return gender; }
    public LocalDate getBirthDate() { return birthDate; }
    /** 0 when the grade is not known, so rules can compare without null checks. */
    public int getGrade() { return grade == null ? 0 : grade; }
    public RegistryStatus getRegistryStatus() { return registryStatus; }
    public String getTownship() { return township; }
    public String getVillage() { return village; }
    public boolean isHasHukou() { return hasHukou; }
    public boolean isEthnicMinority() { return ethnicMinority; }
    public boolean isLearningDifficulty() { return learningDifficulty; }
    public LocalDate getReturnedOn() { return returnedOn; }
    public boolean isStudyingElsewhereConfirmed() { return studyingElsewhereConfirmed; }
    public boolean isFoundWorking() { return foundWorking; }
    public boolean isHealthDeferralRequested() { return healthDeferralRequested; }
    /** Lives in a key area: rural, remote, formerly poor or ethnic (重点地区 / 重点乡村). */
    public boolean isKeyArea() { return more.keyArea(); }
    /** Asks to move to a secondary vocational school (初三分流) before completing grade 9. */
    public boolean isVocationalTransferRequested() { return more.vocationalTransferRequested(); }
    /** Taught in a separate make-up class (单独编班补课) before joining a regular class. */
    public boolean isMakeUpClass() { return more.makeUpClass(); }
    /** Why the registry says 其他 (99); null when the school gave none. */
    public String getOtherLeaveReason() { return more.otherLeaveReason(); }
    /** Whether the school gave a reason for an 其他 (99) status. */
    public boolean isOtherLeaveReasonGiven() {
        return more.otherLeaveReason() != null && !more.otherLeaveReason().isBlank();
    }

    /** Age in whole years on {@code date}, or -1 when the birth date is not known. */
    public int ageOn(LocalDate date) {
        return birthDate == null ? -1 : Dates.age(birthDate, date);
    }

    /** Township name for a reason sentence, or a neutral word when the school did not send one. */
    public String getTownshipLabel() { return township == null || township.isBlank() ? "所属乡镇" : township; }

    @Override
    public Map<String, String> explain() {
        // what rules test; never the id numbers, birth date or gender of a child
        Map<String, String> m = new LinkedHashMap<>();
        m.put("registryStatus", registryStatus.name());
        if (grade != null) {
            m.put("grade", grade.toString());
        }
        if (returnedOn != null) {
            m.put("returnedOn", returnedOn.toString());
        }
        putIf(m, !hasHukou, "hasHukou", "false");
        putIf(m, ethnicMinority, "ethnicMinority", "true");
        putIf(m, learningDifficulty, "learningDifficulty", "true");
        putIf(m, studyingElsewhereConfirmed, "studyingElsewhereConfirmed", "true");
        putIf(m, foundWorking, "foundWorking", "true");
        putIf(m, healthDeferralRequested, "healthDeferralRequested", "true");
        putIf(m, more.keyArea(), "keyArea", "true");
        putIf(m, more.vocationalTransferRequested(), "vocationalTransferRequested", "true");
        putIf(m, more.makeUpClass(), "makeUpClass", "true");
        putIf(m, isOtherLeaveReasonGiven(), "otherLeaveReason", "given");
        return m;
    }

    private static void putIf(Map<String, String> m, boolean condition, String key, String value) {
        if (condition) {
            m.put(key, value);
        }
    }
}
