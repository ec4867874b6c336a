#!/bin/sh
# Place, route and pack for Radiona ULX3S (LFE5U-85F); run in this folder where nextpnr-ecp5 and ecppack are installed.
set -e
nextpnr-ecp5 --85k --package CABGA381 --json design.json --lpf ulx3s.lpf --freq 50 --textcfg design.config --report nextpnr-report.json --timing-allow-fail
