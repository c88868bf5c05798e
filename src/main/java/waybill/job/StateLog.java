package waybill.job;

import waybill.drive.DriveState;

/** Receives the state changes of a job and its drives while a decision is made. */
public interface StateLog {
    void job(JobState from, JobState to);

    void drive(String driveId, DriveState from, DriveState to);
}
