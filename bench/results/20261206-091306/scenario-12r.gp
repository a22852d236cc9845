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
0 "inline" 10000.2 10000.2 10000.2 5592405 "10,000"
1 "t1" 10000.1 10000.1 10000.1 5592405 "10,000"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:12000.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "inline" 9999.5 9999.5 9999.5 5592405 "10,000"
1 "t1" 9999.4 9999.4 9999.4 5592405 "9,999"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "inline" 9999 9999 9999 5592405 "9,999"
1 "t1" 9999.2 9999.2 9999.2 5592405 "9,999"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "inline" 9999.2 9999.2 9999.2 5592405 "9,999"
1 "t1" 9997.9 9997.9 9997.9 5592405 "9,998"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "inline" 9998 9998 9998 5592405 "9,998"
1 "t1" 9997.7 9997.7 9997.7 5592405 "9,998"
EOD
set title "rate=10000,w=70us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11997.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "inline" 10000.2 10000.2 10000.2 5592405 "10,000"
1 "t1" 9998.4 9998.4 9998.4 5592405 "9,998"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "inline" 10001.7 10001.7 10001.7 5592405 "10,002"
1 "t1" 9998.1 9998.1 9998.1 5592405 "9,998"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12002]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "inline" 9937.8 9937.8 9937.8 5592405 "9,938"
1 "t1" 10000.4 10000.4 10000.4 5592405 "10,000"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "inline" 1.23699 1.23699 1.23699 5592405 "1.24"
1 "t1" 1.18784 1.18784 1.18784 5592405 "1.19"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:1.48439]
set ytics ("0" 0, "0.5" 0.5, "1" 1)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "inline" 1.23699 1.23699 1.23699 5592405 "1.24"
1 "t1" 1.3353 1.3353 1.3353 5592405 "1.34"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.60235]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "inline" 1.47456 1.47456 1.47456 5592405 "1.47"
1 "t1" 1.52371 1.52371 1.52371 5592405 "1.52"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.82845]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "inline" 1.68755 1.68755 1.68755 5592405 "1.69"
1 "t1" 0.473087 0.473087 0.473087 5592405 "0.47"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2.02506]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "inline" 1.78585 1.78585 1.78585 5592405 "1.79"
1 "t1" 1.86778 1.86778 1.86778 5592405 "1.87"
EOD
set title "rate=10000,w=70us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2.24133]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "inline" 1.48275 1.48275 1.48275 5592405 "1.48"
1 "t1" 2.49037 2.49037 2.49037 5592405 "2.49"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2.98844]
set ytics ("0" 0, "1" 1, "2" 2)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "inline" 2.99827 2.99827 2.99827 5592405 "3.00"
1 "t1" 2.35929 2.35929 2.35929 5592405 "2.36"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:3.59793]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "inline" 38.5352 38.5352 38.5352 5592405 "38.5"
1 "t1" 5.89824 5.89824 5.89824 5592405 "5.90"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:46.2422]
set ytics ("0" 0, "10" 10, "20" 20, "30" 30, "40" 40)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
