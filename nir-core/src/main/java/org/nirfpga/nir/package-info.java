/** Project-wide types shared by every stop on the road: the user-error exception. */
package org.nirfpga.nir;
