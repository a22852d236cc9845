set terminal pngcairo size 3000,610 noenhanced font ",9"
set output 'scenario-12r.png'
set multiplot layout 2,10 title "12r. Threads: the largest serial work per request at a fixed offered rate\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "inline" 10000.3 10000.3 10000.3 5592405 "10,000"
1 "t1" 9999.2 9999.2 9999.2 5592405 "9,999"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:12000.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "inline" 8902 8902 8902 5592405 "8,902"
1 "t1" 9000.6 9000.6 9000.6 5592405 "9,001"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:10800.7]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "inline" 7976.2 7976.2 7976.2 5592405 "7,976"
1 "t1" 8233.1 8233.1 8233.1 5592405 "8,233"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:9879.72]
set ytics ("0" 0, "2k" 2000, "4k" 4000, "6k" 6000, "8k" 8000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "inline" 9999.9 9999.9 9999.9 5592405 "10,000"
1 "t1" 9999.4 9999.4 9999.4 5592405 "9,999"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11999.9]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "inline" 9998.9 9998.9 9998.9 5592405 "9,999"
1 "t1" 9998.8 9998.8 9998.8 5592405 "9,999"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11998.7]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "inline" 9997.8 9997.8 9997.8 5592405 "9,998"
1 "t1" 9997.6 9997.6 9997.6 5592405 "9,998"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11997.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "inline" 9998 9998 9998 5592405 "9,998"
1 "t1" 9998.1 9998.1 9998.1 5592405 "9,998"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11997.7]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "inline" 9999.2 9999.2 9999.2 5592405 "9,999"
1 "t1" 10000.5 10000.5 10000.5 5592405 "10,000"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "inline" 9648.8 9648.8 9648.8 5592405 "9,649"
1 "t1" 9972.1 9972.1 9972.1 5592405 "9,972"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11966.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "inline" 9075.5 9075.5 9075.5 5592405 "9,076"
1 "t1" 9452 9452 9452 5592405 "9,452"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11342.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "inline" 1.20422 1.20422 1.20422 5592405 "1.20"
1 "t1" 1.22061 1.22061 1.22061 5592405 "1.22"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:1.46473]
set ytics ("0" 0, "0.5" 0.5, "1" 1)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "inline" 750.78 750.78 750.78 5592405 "751"
1 "t1" 662.7 662.7 662.7 5592405 "663"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:900.936]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600, "800" 800)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "inline" 1509.95 1509.95 1509.95 5592405 "1,510"
1 "t1" 1333.79 1333.79 1333.79 5592405 "1,334"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1811.94]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "inline" 1.27795 1.27795 1.27795 5592405 "1.28"
1 "t1" 1.35987 1.35987 1.35987 5592405 "1.36"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.63185]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "inline" 1.50733 1.50733 1.50733 5592405 "1.51"
1 "t1" 1.54829 1.54829 1.54829 5592405 "1.55"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.85794]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "inline" 1.68755 1.68755 1.68755 5592405 "1.69"
1 "t1" 0.522239 0.522239 0.522239 5592405 "0.52"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2.02506]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "inline" 4.32538 4.32538 4.32538 5592405 "4.33"
1 "t1" 4.16153 4.16153 4.16153 5592405 "4.16"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:5.19045]
set ytics ("0" 0, "2" 2, "4" 4)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "inline" 4.07961 4.07961 4.07961 5592405 "4.08"
1 "t1" 6.52083 6.52083 6.52083 5592405 "6.52"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:7.825]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
$p19 << EOD
0 "inline" 236.978 236.978 236.978 5592405 "237"
1 "t1" 26.3455 26.3455 26.3455 5592405 "26.3"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:284.374]
set ytics ("0" 0, "100" 100, "200" 200)
plot $p19 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p19 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using 1:5:7 with labels offset 0,0.8 font ',9'
$p20 << EOD
0 "inline" 578.814 578.814 578.814 5592405 "579"
1 "t1" 346.03 346.03 346.03 5592405 "346"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:694.577]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600)
plot $p20 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p20 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
