set terminal pngcairo size 2400,610 noenhanced font ",9"
set output 'scenario-12r.png'
set multiplot layout 2,8 title "12r. Threads: the largest serial work per request at a fixed offered rate\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "inline" 9999.6 9999.6 9999.6 5592405 "10,000"
1 "t1" 9998.8 9998.8 9998.8 5592405 "9,999"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:11999.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "inline" 9997.2 9997.2 9997.2 5592405 "9,997"
1 "t1" 9998.4 9998.4 9998.4 5592405 "9,998"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11998.1]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "inline" 10000.4 10000.4 10000.4 5592405 "10,000"
1 "t1" 9998.9 9998.9 9998.9 5592405 "9,999"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "inline" 9998.3 9998.3 9998.3 5592405 "9,998"
1 "t1" 9998.8 9998.8 9998.8 5592405 "9,999"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11998.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "inline" 9977.5 9977.5 9977.5 5592405 "9,978"
1 "t1" 9997.5 9997.5 9997.5 5592405 "9,998"
EOD
set title "rate=10000,w=70us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11997]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "inline" 10000 10000 10000 5592405 "10,000"
1 "t1" 10174.3 10174.3 10174.3 5592405 "10,174"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12209.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "inline" 8922.5 8922.5 8922.5 5592405 "8,922"
1 "t1" 9999.3 9999.3 9999.3 5592405 "9,999"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "inline" 5573.1 5573.1 5573.1 5592405 "5,573"
1 "t1" 8352.4 8352.4 8352.4 5592405 "8,352"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:10022.9]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "inline" 10.7479 10.7479 10.7479 5592405 "10.7"
1 "t1" 5.07904 5.07904 5.07904 5592405 "5.08"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:12.8975]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "inline" 9.89593 9.89593 9.89593 5592405 "9.90"
1 "t1" 3.9977 3.9977 3.9977 5592405 "4.00"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11.8751]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "inline" 3.94854 3.94854 3.94854 5592405 "3.95"
1 "t1" 24.6415 24.6415 24.6415 5592405 "24.6"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:29.5698]
set ytics ("0" 0, "10" 10, "20" 20)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "inline" 10.6168 10.6168 10.6168 5592405 "10.6"
1 "t1" 38.7973 38.7973 38.7973 5592405 "38.8"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:46.5568]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30, "40" 40)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "inline" 165.675 165.675 165.675 5592405 "166"
1 "t1" 12.9106 12.9106 12.9106 5592405 "12.9"
EOD
set title "rate=10000,w=70us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:198.81]
set ytics ("0" 0, "50" 50, "100" 100, "150" 150)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "inline" 13.1727 13.1727 13.1727 5592405 "13.2"
1 "t1" 123.208 123.208 123.208 5592405 "123"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:147.849]
set ytics ("0" 0, "50" 50, "100" 100)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "inline" 679.477 679.477 679.477 5592405 "679"
1 "t1" 111.673 111.673 111.673 5592405 "112"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:815.373]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600, "800" 800)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "inline" 4630.51 4630.51 4630.51 5592405 "4,631"
1 "t1" 1124.07 1124.07 1124.07 5592405 "1,124"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:5556.61]
set ytics ("0" 0, "2k" 2000, "4k" 4000)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
