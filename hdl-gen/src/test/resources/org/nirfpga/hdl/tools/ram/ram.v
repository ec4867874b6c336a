`default_nettype none
// 512 x 16 simple dual-port RAM with a synchronous read port.
module ram (
  input  wire        clk_i,
  input  wire        we_i,
  input  wire [8:0]  waddr_i,
  input  wire [15:0] wdata_i,
  input  wire [8:0]  raddr_i,
  output wire [15:0] rdata_o
);
  reg [15:0] mem_q [0:511];
  reg [15:0] rdata_q;

  always @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
    rdata_q <= mem_q[raddr_i];
  end

  assign rdata_o = rdata_q;
endmodule
