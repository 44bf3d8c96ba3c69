// OpenBLAS's CBLAS interface. Only the Tensors module imports this.
#include <cblas.h>
