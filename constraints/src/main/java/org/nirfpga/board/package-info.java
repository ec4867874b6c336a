/** Board definitions, constraint files and synthesis flows. */
package org.nirfpga.board;
