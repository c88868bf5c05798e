package waybill.fact;

/** Jobs_Delete: the customer deletes the job. */
public class DeleteJob extends Fact {
    @Override
    public boolean isCustomerCall() {
        return true;
    }
}
