`default_nettype none
// Eight-bit counter with enable and active-low synchronous reset.
module counter (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       en_i,
  output wire [7:0] count_o
);
  reg [7:0] count_q;
  reg [7:0] count_d;

  always @* begin
    count_d = count_q;
    if (en_i) begin
      count_d = count_q + 8'd1;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      count_q <= 8'd0;
    end else begin
      count_q <= count_d;
    end
  end

  assign count_o = count_q;
endmodule
