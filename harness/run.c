/* run.c: freeing what the stages leave in a wa_run. */
#include <stdlib.h>

#include "stage.h"

void wa_run_release(wa_run *run)
{
    nor_free(run->flash);
    free(run->layout);
    free(run->boot);
    free(run->kernel);
    run->flash = NULL;
    run->layout = NULL;
    run->boot = NULL;
    run->kernel = NULL;
}
