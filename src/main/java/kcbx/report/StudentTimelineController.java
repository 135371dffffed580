package kcbx.report;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import kcbx.api.TimelineApi;
import kcbx.api.model.StudentTimeline;
import kcbx.security.SchoolScope;

/** HTTP edge of a student's 一生一档: a school system for its own schools, the county and auditors for any. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class StudentTimelineController implements TimelineApi {
    private final StudentTimelineService timelines;
    private final SchoolScope scope;

    StudentTimelineController(StudentTimelineService timelines, SchoolScope scope) {
        this.timelines = timelines;
        this.scope = scope;
    }

    @Override
    public StudentTimeline getStudentTimeline(String studentId, String schoolId) {
        scope.requireReportScope(schoolId, null);
        return timelines.timeline(schoolId, studentId);
    }
}
