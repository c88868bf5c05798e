/**
 * The model of a drive: its state, the fields operators report, and the log its state changes go to
 * (DriveLog). Imports no other Waybill package.
 */
package waybill.drive;
