package waybill.fact;

/** Operations found the job's return address wrong or missing. */
public class ReturnAddressInvalid extends Fact {}
