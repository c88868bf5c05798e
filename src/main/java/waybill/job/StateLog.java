package waybill.job;

import waybill.drive.DriveLog;

/** Receives the state changes of a job and its drives while a decision is made. */
public interface StateLog extends DriveLog {
    void job(JobState from, JobState to);
}
