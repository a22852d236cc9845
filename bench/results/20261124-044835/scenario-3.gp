set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-3.png'
set multiplot layout 2,2 title "3. Pipelined, 16 requests per write, 100 connections\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 1.60169e+06 1.5794e+06 1.86912e+06 8073150 "1,601,690"
1 "nginx" 168201 167940 171865 3835592 "168,201"
EOD
set title "c=100, client http-pipe"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:2.24295e+06]
set ytics ("0" 0, "500k" 500000, "1M" 1e+06, "1.5M" 1.5e+06, "2M" 2e+06)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 1.06285e+06 1.03239e+06 1.27903e+06 8073150 "1,062,850"
1 "nginx" 180749 172172 192389 3835592 "180,749"
EOD
set title "c=100, client wrk-pipe"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.53484e+06]
set ytics ("0" 0, "500k" 500000, "1M" 1e+06, "1.5M" 1.5e+06)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 0.620461 0.532744 0.630483 8073150 "0.62"
1 "nginx" 5.9177 5.79638 5.92283 3835592 "5.92"
EOD
set title "c=100, client http-pipe"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:7.1074]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 0.932888 0.775169 0.96057 8073150 "0.93"
1 "nginx" 5.50711 5.18449 5.78298 3835592 "5.51"
EOD
set title "c=100, client wrk-pipe"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:6.93957]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
